"""Small widgets shared by the pages (language picker, sidebar, question card, badges ...)."""
