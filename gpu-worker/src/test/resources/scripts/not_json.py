print("hello, not json")
