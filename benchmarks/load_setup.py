# Copyright 2026 Order Control
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The setup of ``load.py`` over JSON-RPC, as admin: the controls switched
on, the users per role, the customer and the stocked products; and the second
company with the controls off, for plain Odoo's create + confirm."""

GROUPS = {
    "clerk": "order_entry_control.group_order_entry_clerk",
    "reviewer": "order_entry_control.group_order_reviewer",
    "approver": "order_entry_control.group_order_approver",
    # sees every released order, as a sales administrator does
    "changer": "sales_team.group_sale_salesman_all_leads",
    "head": "order_tracking.group_order_department_head",
}


def setup(admin, clients):
    ref = admin("ir.model.data", "check_object_reference", *"base main_company".split())
    company_id = ref[1]
    admin(
        "res.company",
        "write",
        [company_id],
        {"order_control_enabled": True, "order_reservation_mode": "submission"},
    )
    base_user = admin("ir.model.data", "check_object_reference", "base", "group_user")
    counts = {"reviewer": max(2, clients // 5), "approver": max(2, clients // 5)}
    counts["changer"] = max(1, clients // 10)
    counts["head"] = max(2, clients // 10)
    counts["clerk"] = max(1, clients - sum(counts.values()))
    users = []
    for role, count in counts.items():
        module, name = GROUPS[role].split(".")
        group = admin("ir.model.data", "check_object_reference", module, name)[1]
        for n in range(count):
            login = f"load_{role}_{n}"
            admin(
                "res.users",
                "create",
                {
                    "name": f"Load {role} {n}",
                    "login": login,
                    "password": login,
                    # without one, posting the rejection reason is refused
                    "email": f"{login}@load.example.com",
                    "groups_id": [(6, 0, [base_user[1], group])],
                    "company_id": company_id,
                    "company_ids": [(6, 0, [company_id])],
                },
            )
            users.append((role, login))
    partner = admin(
        "res.partner",
        "create",
        {
            "name": "Load Test Trading Co., Ltd.",
            "is_company": True,
            "street": "1 Load Road",
            "city": "Shanghai",
            "zip": "200000",
            "child_ids": [(0, 0, {"name": "Buyer", "phone": "+86 21 5555 0000"})],
        },
    )
    stock = admin("ir.model.data", "check_object_reference", "stock", "warehouse0")
    location = admin("stock.warehouse", "read", [stock[1]], ["lot_stock_id"])[0]
    products = []
    for n in range(3):
        product = admin(
            "product.product",
            "create",
            {
                "name": f"Load bracket {n}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0 + n,
                "taxes_id": [(6, 0, [])],
            },
        )
        quant = admin(
            "stock.quant",
            "create",
            {
                "product_id": product,
                "location_id": location["lot_stock_id"][0],
                "inventory_quantity": 60.0,
            },
            context={"inventory_mode": True},
        )
        admin("stock.quant", "action_apply_inventory", [quant])
        products.append(product)
    service = admin(
        "product.product",
        "create",
        {"name": "Load assembly", "type": "service", "list_price": 25.0},
    )
    return users, partner, products + [service]


def setup_plain(admin, clients, partner, products):
    """A second company with every control off (Odoo's default), its own
    stock of the same products, and ``clients`` salespeople in it: the
    orders of plain Odoo's create + confirm, in the same database."""
    company = admin("res.company", "create", {"name": "Load Plain Co."})
    admin_id = admin("res.users", "search", [("login", "=", "admin")])[0]
    admin("res.users", "write", [admin_id], {"company_ids": [(4, company)]})
    context = {"allowed_company_ids": [company], "inventory_mode": True}
    # outside tests, Odoo creates no warehouse for a new company
    warehouse_id = admin(
        "stock.warehouse",
        "create",
        {"name": "Load Plain", "code": "LPW", "company_id": company},
        context=context,
    )
    warehouse = admin(
        "stock.warehouse", "read", [warehouse_id], ["lot_stock_id"], context=context
    )[0]
    for product in products[:-1]:
        quant = admin(
            "stock.quant",
            "create",
            {
                "product_id": product,
                "location_id": warehouse["lot_stock_id"][0],
                "inventory_quantity": 60.0,
            },
            context=context,
        )
        admin("stock.quant", "action_apply_inventory", [quant], context=context)
    base_user = admin("ir.model.data", "check_object_reference", "base", "group_user")
    salesman = admin(
        "ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman"
    )
    users = []
    for n in range(clients):
        login = f"load_plain_{n}"
        admin(
            "res.users",
            "create",
            {
                "name": f"Load plain {n}",
                "login": login,
                "password": login,
                "email": f"{login}@load.example.com",
                "groups_id": [(6, 0, [base_user[1], salesman[1]])],
                "company_id": company,
                "company_ids": [(6, 0, [company])],
            },
        )
        users.append(("plain", login))
    return users
