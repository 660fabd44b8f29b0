check --format json --hs 2709 --exporter CN --importer KP --date 2018-03 --quantity 40000 --unit t --fact product=crude
