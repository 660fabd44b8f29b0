check --hs 4402.90 --exporter SO --importer AE --date 2015-06
