"""Importing ideas from another tool (Canny, Fider, UserVoice, Featurebase, any spreadsheet) and exporting them."""
