"""The app's own HTTP routes and middleware, mounted on Streamlit's server by app.py's st.App.

They run on the server outside any script run, so they never touch session state: a request
is trusted only for what its cookies prove against the store's records.
"""
