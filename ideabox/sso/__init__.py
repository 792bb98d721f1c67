"""Single sign-on with OpenID Connect: providers an admin adds, and people signing in through them."""
