"""nextsteps shared package: the contracts and the core both services use.

Services import this package; it never imports a service.
"""
