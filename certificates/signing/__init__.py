"""Electronic signatures (TTE) of certificate PDFs (docs/tte.md).

- ``base``: the ``Signer`` interface, ``SigningError`` and its codes;
- ``local``: a PKCS#12 file, PAdES B-B (B-T with a timestamp authority);
- ``remote``: a BSrE-shaped HTTP signing service;
- ``config``: the signer chosen in settings;
- ``validation``: reading signatures back (pyHanko's validator).
"""
