check --hs 2701 --exporter KP --importer CN --date 2022-08 --fact prot=Rajin
