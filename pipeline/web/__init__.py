"""The clerk's workspace (``ordex serve``): see :mod:`pipeline.web.app`."""
