check --hs 2701 --exporter KP --importer CN --date 2022-13
