"""The SPJ documents: one context per kind (``context``), printed as PDF
(``pdf_lists``, ``pdf_reports``) and filled into a Word template
(``word``); ``pack`` zips them all."""
