"""The team's dashboard: what customers ask for, how much, where and lately."""
