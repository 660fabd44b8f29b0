check --hs 8803.30 --exporter CN --importer KP --date 2019-05 --hs-edition H3
