def low_stock(repository):
    return sorted(item.sku for item in repository.all() if item.is_low())
