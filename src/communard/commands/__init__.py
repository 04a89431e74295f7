"""The subcommands of `communard`: one module each, each with `register(subparsers)`."""
