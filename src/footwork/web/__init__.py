"""The web app: FastAPI routes, Jinja2 templates and a little plain JavaScript."""
