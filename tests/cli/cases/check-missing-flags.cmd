check --hs 2701 --exporter KP
