"""ficlens: read fan fiction the way a careful reader does, at archive scale, locally."""

__version__ = "0.1.0"
