check --hs 27x01 --exporter KP --importer CN --date 2022-08
