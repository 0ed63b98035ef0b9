"""People analytics and insights over the archive: the activity index, the advocacy map."""
