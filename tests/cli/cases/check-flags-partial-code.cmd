check --id E31 --hs 27 --exporter KP --importer CN --origin KP --date 2019-02
