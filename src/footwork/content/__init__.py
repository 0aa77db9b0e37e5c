"""The built-in program as data, and loading program files."""
