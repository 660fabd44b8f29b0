show un/somalia
