screen examples/comtrade-china-imports-from-dprk.csv --regime un/dprk --fail-on none
