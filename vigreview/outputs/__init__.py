"""What leaves the app on purpose: PDFs (keepsake, referrer summary), CSV tables, key stills,
family bundles.
"""
