"""Companies: create, update, delete, find; the name is unique regardless of case."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select

from tracker.models import Application, Company, CompanyCreate, CompanyUpdate, RedFlag, utcnow
from tracker.services.errors import NotFoundError, ValidationError, collect


def name_key(name: str) -> str:
    """The case- and spacing-insensitive key of a company name."""
    return re.sub(r"\s+", " ", name.strip()).casefold()


def _check_website(url: str) -> str | None:
    if url and not re.match(r"^https?://\S+\.\S+", url.strip()):
        return "Enter a full web address starting with http:// or https://."
    return None


def find_company(*, session: Session, name: str) -> Company | None:
    """The company with this name (any case), if it exists."""
    return session.exec(select(Company).where(Company.name_key == name_key(name))).first()


def get_company(*, session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFoundError(f"Company {company_id} does not exist.")
    return company


def create_company(*, session: Session, data: CompanyCreate) -> Company:
    """Add a company; a name that already exists (any case) is refused."""
    name = re.sub(r"\s+", " ", data.name.strip())
    collect(
        {
            "name": "Enter the company's name." if not name else None,
            "website": _check_website(data.website),
        }
    )
    if find_company(session=session, name=name) is not None:
        raise ValidationError({"name": f"A company named “{name}” already exists."})
    company = Company.model_validate(data, update={"name": name, "name_key": name_key(name)})
    company.website = data.website.strip()
    session.add(company)
    session.flush()
    return company


def get_or_create_company(*, session: Session, name: str, **fields) -> Company:
    """The existing company of that name, or a new one with ``fields``."""
    existing = find_company(session=session, name=name)
    if existing is not None:
        return existing
    return create_company(session=session, data=CompanyCreate(name=name, **fields))


def update_company(*, session: Session, company_id: int, data: CompanyUpdate) -> Company:
    company = get_company(session=session, company_id=company_id)
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes:
        name = re.sub(r"\s+", " ", (changes["name"] or "").strip())
        if not name:
            raise ValidationError({"name": "Enter the company's name."})
        other = find_company(session=session, name=name)
        if other is not None and other.id != company.id:
            raise ValidationError({"name": f"A company named “{name}” already exists."})
        changes["name"] = name
        company.name_key = name_key(name)
    if "website" in changes:
        collect({"website": _check_website(changes["website"] or "")})
    for key, value in changes.items():
        setattr(company, key, value)
    company.updated_at = utcnow()
    session.add(company)
    session.flush()
    return company


def company_deletion_impact(*, session: Session, company_id: int) -> dict[str, int]:
    """What deleting the company takes with it (applications, red flags)."""
    apps = session.exec(
        select(func.count()).select_from(Application).where(Application.company_id == company_id)
    ).one()
    flags = session.exec(
        select(func.count()).select_from(RedFlag).where(RedFlag.company_id == company_id)
    ).one()
    return {"applications": int(apps), "red flags": int(flags)}


def delete_company(*, session: Session, company_id: int) -> None:
    """Delete a company with its applications, rounds, offers and red flags."""
    company = get_company(session=session, company_id=company_id)
    session.delete(company)
    session.flush()


def list_companies(*, session: Session) -> list[Company]:
    return list(session.exec(select(Company).order_by(Company.name_key)))
