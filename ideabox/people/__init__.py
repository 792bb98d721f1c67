"""People as the community sees them: public profiles with what each posted, and reputation, which grows
when others back a person's ideas and react to their comments, and most when the team adopts their ideas."""
