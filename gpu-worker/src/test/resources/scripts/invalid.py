import sys
print("prompt is required", file=sys.stderr)
sys.exit(65)
