import sys
print("segmentation fault in kernel", file=sys.stderr)
sys.exit(3)
