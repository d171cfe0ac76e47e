"""The one Streamlit seam: everything that imports streamlit lives in this package."""
