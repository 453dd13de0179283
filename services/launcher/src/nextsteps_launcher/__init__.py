"""The ``nextsteps`` operator CLI: a thin launcher.

It imports the shared package and starts the services through their entry points; it holds no
business logic of its own (parsing arguments and printing results only).
"""
