"""goalcheck's Word adapter: read goals from .docx files and annotate them with comments.

Registered through the ``goalcheck`` entry-point group like any external plugin
(see :mod:`goalcheck_word.plugin`); needs the ``word`` extra (python-docx),
imported only when a .docx is read or ``goalcheck annotate`` runs.
"""

__version__ = "0.1.0"
