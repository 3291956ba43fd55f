from django.shortcuts import render


def index(request):
    return render(request, "crowdfund/index.html")
