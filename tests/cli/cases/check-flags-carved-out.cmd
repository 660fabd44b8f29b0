check --hs 2701.12 --exporter KP --importer CN --origin RU --date 2018-03-15 --quantity 100000 --unit t --value-usd 9000000 --fact port=Rajin --fact origin_confirmed=true --fact notified=true
