screen examples/china-imports-from-dprk-2022.csv --caps
