def batches(recipients, size):
    return [recipients[i : i + size] for i in range(0, len(recipients), size)]
