"""Django's SQLite backend with each process's connections kept and lent out again."""
