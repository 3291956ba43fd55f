from django.shortcuts import render


def index(request):
    return render(request, "talk_london/index.html")
