"""What operators see of a running service: health, readiness and Prometheus metrics over HTTP
(:mod:`listener`, :mod:`readiness`, :mod:`metrics`), and log lines, as text or JSON, with every
secret masked (:mod:`logs`, :mod:`redaction`)."""
