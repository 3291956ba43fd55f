from civic.disclosure import suppress


def test_small_counts_are_hidden_and_a_lone_one_gets_company():
    assert suppress([30, 12, 4]) == [False, True, True]
    assert suppress([30, 12, 40]) == [False, False, False]
    assert suppress([3, 2]) == [True, True]
