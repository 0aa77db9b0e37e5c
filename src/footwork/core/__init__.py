"""The pure domain: program models, timelines. No I/O, no clock."""
