check --hs 9999 --exporter KP --importer CN --date 2022-08
