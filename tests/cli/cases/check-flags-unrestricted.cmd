check --hs 910811 --exporter KP --importer CN --date 2019-06 --quantity 250000 --unit u --value-usd 3500000
