check --hs 2709 --exporter CN --importer KP --date 2018-03
