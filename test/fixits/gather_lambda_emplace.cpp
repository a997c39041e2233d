//===-- gather_lambda_emplace.cpp - futures emplaced, reference capture ---===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
// RUN: %check_fixit_program --tmp %t %s

// Accounts converted by a lambda that captures the rates table and the
// element by reference; the futures are emplaced.

#include <cstdio>
#include <future>
#include <map>
#include <string>
#include <vector>

namespace {

struct Account {
  std::string currency;
  long cents;
};

} // namespace

int main() {
  const std::map<std::string, long> rates = {
      {"EUR", 108}, {"GBP", 127}, {"USD", 100}};
  const char *names[] = {"EUR", "GBP", "USD"};
  std::vector<Account> accounts;
  for (int i = 0; i < 450; ++i)
    accounts.push_back({names[i % 3], 1000L + i * 13});

  std::vector<std::future<long>> balances;
  for (const auto &account : accounts)
    balances.emplace_back(std::async(std::launch::async, [&rates, &account] {
      return account.cents * rates.at(account.currency) / 100;
    }));

  long total = 0;
  for (auto &balance : balances)
    total += balance.get();
  std::printf("total in USD cents: %ld\n", total);
}
