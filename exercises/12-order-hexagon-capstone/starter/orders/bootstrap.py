from orders.adapters import http, memory


class App:
    def __init__(self):
        self.emails = memory.STATE["emails"]

    def handle(self, method, path, body=None):
        return http.handle(method, path, body)


def build(catalog, stock, gateway=None):
    memory.reset(catalog, stock)
    return App()
