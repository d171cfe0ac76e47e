"""The demo's invented guider: the name on every demo record and on the demo sign-in."""

DEMO_GUIDER = "Demo Guider"
