"""The terminal interface: Typer commands and Rich rendering."""
