"""Footage and its end: finding a family's footage, erasing it, the retention rule and its daily
sweep.
"""
