# syntax=docker/dockerfile:1
# nothing to build here
# really nothing
