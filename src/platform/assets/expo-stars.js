// Stars (my programme): filled in with item 6.
