check --hs 2701 --exporter DPRK --importer CN --date 2022-08
