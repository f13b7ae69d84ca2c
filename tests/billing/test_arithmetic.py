"""Property tests of the money arithmetic (Hypothesis): a document's total is its lines plus
tax to the penny, a credit note nets its invoice to zero, no rounding drift over many lines,
and money is never a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picoclinic.billing.arithmetic import at_single_price, line_amounts, pro_rata
from picoclinic.billing.money import round_minor, show

CURRENCIES = st.sampled_from(["GBP", "HKD", "SGD"])
PRICES = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)
RATES = st.one_of(st.none(), st.sampled_from([Decimal(0), Decimal(5), Decimal(7), Decimal(9),
                                              Decimal(20), Decimal("17.5")]))  # fmt: skip
LINE = st.tuples(st.integers(1, 20), PRICES, RATES, st.booleans())


def _line(quantity, price, rate, inclusive, currency):
    return line_amounts(
        quantity=quantity, unit_price=price, discount=Decimal(0), tax_percent=rate,
        tax_inclusive=inclusive, currency=currency,
    )  # fmt: skip


@given(st.lists(LINE, min_size=1, max_size=200), CURRENCIES)
def test_total_is_lines_plus_tax_with_no_drift(lines, currency):
    amounts = [_line(*line, currency) for line in lines]
    net = sum((a.net for a in amounts), Decimal(0))
    tax = sum((a.tax for a in amounts), Decimal(0))
    total = sum((a.gross for a in amounts), Decimal(0))
    assert total == net + tax
    for amount in amounts:  # each line is whole minor units: summing never drifts
        assert amount.gross == round_minor(amount.gross, currency)
        assert amount.tax == round_minor(amount.tax, currency)


@given(LINE, CURRENCIES)
def test_a_line_is_within_half_a_penny_of_the_exact_sum(line, currency):
    quantity, price, rate, inclusive = line
    amounts = _line(quantity, price, rate, inclusive, currency)
    rate = rate or Decimal(0)
    exact = price * quantity if inclusive else price * quantity * (1 + rate / 100)
    assert abs(amounts.gross - exact) <= Decimal("0.005")


@given(st.lists(LINE, min_size=1, max_size=50), CURRENCIES)
def test_a_credit_note_nets_its_invoice_to_zero(lines, currency):
    invoice = [_line(*line, currency) for line in lines]
    # the credit note negates every line as it stands (credit_note_issue)
    note = [(-a.net, -a.tax, -a.gross) for a in invoice]
    assert sum(a.gross for a in invoice) + sum(n[2] for n in note) == 0
    assert sum(a.tax for a in invoice) + sum(n[1] for n in note) == 0


@given(PRICES, st.integers(1, 20), st.data())
def test_a_package_never_refunds_more_than_it_cost(price, sessions, data):
    unused = data.draw(st.integers(0, sessions))
    single = data.draw(PRICES)
    share = pro_rata(price=price, sessions=sessions, unused=unused, currency="GBP")
    assert 0 <= share <= price
    left = at_single_price(price=price, used=sessions - unused, single=single, currency="GBP")
    assert left >= 0


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        round_minor(1.1, "GBP")


def test_amounts_read_as_the_clinic_reads_them():
    assert show(Decimal("1234.5"), "GBP") == "£1,234.50"
    assert show(Decimal("980"), "HKD") == "HK$980.00"
    assert show(Decimal("0.125"), "SGD").endswith("0.13")  # half away from zero
